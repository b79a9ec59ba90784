package offline

import "regexp"

// oneOfRe names one unit of several, in English, Spanish, German and
// French: "one of the mugs", "una de las tazas", "eine der Tassen",
// "l'une des tasses". It overrides the plural that follows, which names
// every unit.
var oneOfRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:one of (?:the|teh|th|my|them|those|these)|un[oa] de (?:las|los|mis|ellas|ellos)|(?:nur\s+)?(?:eine|einer|eines|ein) (?:der|von den|meiner|davon)|l'un(?:e)? des|l’un(?:e)? des|un(?:e)? des|un(?:e)? de mes)(?:[^\p{L}]|$)`)
