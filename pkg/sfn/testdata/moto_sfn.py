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

A second bug: a StopExecution that reaches a Wait state just before it
starts waiting is missed, and the execution stays RUNNING for the whole
wait (an hour in the tests); see _wait_interval below.

Requests are not serialised (unlike pkg/dynamo/testdata/serial_moto_server.py):
a running execution calls back into this server over HTTP (its SQS
sendMessage), so one global lock could deadlock it.
"""

import copy as _copy
import time as _time
import sys

import moto.server
import moto.stepfunctions.parser.models as sfn_models
from moto.stepfunctions.parser.asl.component.state.wait.wait_function import wait_function as _wait_function


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


# A Wait state that misses its stop (moto 5.2.1): StopExecution pulses
# program_state_event (set, then clear at once), and a Wait state that
# reaches wait() just after the pulse (a loaded machine: the history already
# says it entered the state) sleeps out its whole time, an hour, still
# RUNNING. It waits in slices here, looking at the program's state between
# them: a stop ends the wait within a slice, whenever it came.
_WAIT_SLICE = 0.2


def _wait_interval(self, env, wait_seconds):
    deadline = _time.monotonic() + wait_seconds
    while env.is_running():
        left = deadline - _time.monotonic()
        if left <= 0:
            return
        env.program_state_event.wait(min(left, _WAIT_SLICE))


_wait_function.WaitFunction._wait_interval = _wait_interval

if __name__ == "__main__":
    sys.exit(moto.server.main(sys.argv[1:]))
