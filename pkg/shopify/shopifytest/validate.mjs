// validate.mjs checks GraphQL requests against one Shopify Admin schema.
//
//   node validate.mjs <admin_VERSION.json.gz>
//
// It loads the gzipped introspection once, then reads one request per line
// on stdin ({"query": "...", "variables": {...}, "operationName": "..."})
// and writes one line per request on stdout: {"errors": ["..."]}, empty
// when the request is valid. A request is valid when
//
//   - the document passes graphql-js validation with the specified rules
//     plus NoDeprecatedCustomRule (no deprecated field, argument, input
//     field or enum value written in the document);
//   - the variables coerce to the operation's variable definitions
//     (getVariableValues: types, required values, no unknown input fields);
//   - no input field or enum value reached through the variables is
//     deprecated (the rule above only sees the document);
//   - a mutation whose description says its idempotency key is required
//     carries @idempotent(key: ...);
//   - Shopify's scalars hold what Shopify accepts: ID a gid://shopify/...
//     string, Decimal and Money a decimal string, URL an absolute URL,
//     DateTime an ISO 8601 string.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import {
  GraphQLError,
  NoDeprecatedCustomRule,
  buildClientSchema,
  getNamedType,
  getNullableType,
  getVariableValues,
  isEnumType,
  isInputObjectType,
  isListType,
  parse,
  specifiedRules,
  typeFromAST,
  validate,
} from 'graphql';

const schemaFile = process.argv[2];
if (!schemaFile) {
  console.error('usage: node validate.mjs <admin_VERSION.json.gz>');
  process.exit(2);
}
const introspection = JSON.parse(zlib.gunzipSync(fs.readFileSync(schemaFile)));
const schema = buildClientSchema(introspection.data ?? introspection);
const rules = [...specifiedRules, NoDeprecatedCustomRule];

// Stricter scalars: buildClientSchema gives custom scalars an identity
// parseValue, which accepts anything.
function scalar(name, check) {
  const t = schema.getType(name);
  if (!t) return;
  const base = t.parseValue.bind(t);
  t.parseValue = (v) => {
    const problem = check(v);
    if (problem) throw new GraphQLError(`${name} ${JSON.stringify(v)}: ${problem}`);
    return base(v);
  };
}
const decimal = (v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? '' : 'want a decimal string such as "12.50"');
scalar('ID', (v) => (typeof v === 'string' && /^gid:\/\/shopify\/[A-Za-z]+\/[^/\s]+$/.test(v) ? '' : 'want a gid://shopify/<Type>/<id> string'));
scalar('Decimal', decimal);
scalar('Money', decimal);
scalar('URL', (v) => {
  try { new URL(v); return typeof v === 'string' ? '' : 'want a string'; } catch { return 'want an absolute URL'; }
});
scalar('DateTime', (v) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v) ? '' : 'want an ISO 8601 date-time'));

// deprecatedInputs lists the deprecated input fields and enum values that
// value reaches through type.
function deprecatedInputs(type, value, path, out) {
  type = getNullableType(type);
  if (value === null || value === undefined) return;
  if (isListType(type)) {
    for (const [i, v] of (Array.isArray(value) ? value : [value]).entries()) deprecatedInputs(type.ofType, v, `${path}[${i}]`, out);
    return;
  }
  if (isInputObjectType(type) && typeof value === 'object') {
    const fields = type.getFields();
    for (const [k, v] of Object.entries(value)) {
      const f = fields[k];
      if (!f) continue; // getVariableValues reports unknown fields
      if (f.deprecationReason) out.push(`${path}.${k}: ${type.name}.${k} is deprecated: ${f.deprecationReason}`);
      deprecatedInputs(f.type, v, `${path}.${k}`, out);
    }
    return;
  }
  if (isEnumType(type) && typeof value === 'string') {
    const ev = type.getValue(value);
    if (ev?.deprecationReason) out.push(`${path}: ${type.name}.${value} is deprecated: ${ev.deprecationReason}`);
  }
}

function check(req) {
  if (typeof req.query !== 'string' || req.query === '') return ['no query'];
  let doc;
  try {
    doc = parse(req.query);
  } catch (e) {
    return [e.message];
  }
  const errors = validate(schema, doc, rules).map((e) => e.message);
  if (errors.length) return errors;
  const ops = doc.definitions.filter((d) => d.kind === 'OperationDefinition');
  const op = req.operationName ? ops.find((o) => o.name?.value === req.operationName) : ops.length === 1 ? ops[0] : undefined;
  if (!op) return [`cannot tell which operation to run (${ops.length} in the document, operationName ${JSON.stringify(req.operationName ?? null)})`];
  if (!op.name) errors.push('the operation has no name (name it Doorstep<Something>)');
  // Some mutations need @idempotent(key:) from a version on, which only
  // their description says (refundCreate: "As of 2026-04, the idempotency
  // key is required").
  if (op.operation === 'mutation') {
    const root = schema.getMutationType().getFields();
    for (const sel of op.selectionSet.selections) {
      if (sel.kind !== 'Field') continue;
      const f = root[sel.name.value];
      if (f && /idempotency key is required/i.test(f.description ?? '') && !(sel.directives ?? []).some((d) => d.name.value === 'idempotent')) {
        errors.push(`${sel.name.value} needs @idempotent(key: ...) in this version: its idempotency key is required`);
      }
    }
  }
  const inputs = req.variables ?? {};
  const defs = op.variableDefinitions ?? [];
  for (const name of Object.keys(inputs)) {
    if (!defs.some((d) => d.variable.name.value === name)) errors.push(`variable $${name} is sent but not declared`);
  }
  const coerced = getVariableValues(schema, defs, inputs, { maxErrors: 50 });
  if (coerced.errors) errors.push(...coerced.errors.map((e) => e.message));
  for (const d of defs) {
    const name = d.variable.name.value;
    deprecatedInputs(typeFromAST(schema, d.type), inputs[name], `$${name}`, errors);
  }
  return errors;
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  let errors;
  try {
    errors = check(JSON.parse(line));
  } catch (e) {
    errors = [`validator: ${e.message}`];
  }
  process.stdout.write(JSON.stringify({ errors }) + '\n');
});
