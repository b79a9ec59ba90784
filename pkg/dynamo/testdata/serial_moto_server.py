"""moto_server that handles one request at a time.

Usage: python serial_moto_server.py -H HOST -p PORT (moto_server's flags).

moto_server (werkzeug, threaded=True) serves requests on many threads with no
lock, and moto 5.2.1's DynamoDB TransactWriteItems is not safe under that:
it deep-copies the whole table before applying a transaction and, when any
item's condition fails, rolls back by putting that copy in place of the live
table. Every write other threads committed in between is lost: a racing
SaveTurn that moto reported as successful disappears. Its condition checks and
writes are not atomic either, so two transactions can pass the same
condition.

DynamoDB itself makes every request atomic (transactions serializable), so
taking one global lock per request restores what the adapter relies on; the
adapter's requests still interleave freely between one another.
"""

import sys
import threading

import moto.server
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

_lock = threading.Lock()
_call = DomainDispatcherApplication.__call__


def _serialized(self, environ, start_response):
    with _lock:
        # Build the whole response under the lock, not only its headers.
        result = _call(self, environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            if hasattr(result, "close"):
                result.close()


DomainDispatcherApplication.__call__ = _serialized

if __name__ == "__main__":
    sys.exit(moto.server.main(sys.argv[1:]))
