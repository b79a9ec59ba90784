"""moto_server for the Step Functions integration tests.

Usage: python3 moto_sfn.py -H HOST -p PORT (moto_server's flags).

moto 5.2.1 has a bug (getmoto/moto#10077, fixed upstream after 5.2.1): with
state machine execution on, StartExecution deep-copies the state machine,
which holds the running executions (their threads hold locks), so every
start after the first fails with 500 "cannot pickle '_thread.RLock'". This
launcher gives moto's stepfunctions parser a copy module whose deepcopy
leaves the executions list empty and shares the backend, as the fix does,
then starts the server. Execution itself is still switched on by the tests,
with POST /moto-api/config {"stepfunctions": {"execute_state_machine": true}}.

Requests are not serialised (unlike pkg/dynamo/testdata/serial_moto_server.py):
a running execution calls back into this server over HTTP (its SQS
sendMessage), so one global lock could deadlock it.
"""

import copy as _copy
import sys

import moto.server
import moto.stepfunctions.parser.models as sfn_models


class _PatchedCopy:
    def __getattr__(self, name):
        return getattr(_copy, name)

    @staticmethod
    def deepcopy(obj, memo=None):
        if memo is None:
            memo = {}
        if hasattr(obj, "executions") and hasattr(obj, "backend"):
            memo[id(obj.executions)] = []
            memo[id(obj.backend)] = obj.backend
        return _copy.deepcopy(obj, memo)


sfn_models.copy = _PatchedCopy()

if __name__ == "__main__":
    sys.exit(moto.server.main(sys.argv[1:]))
