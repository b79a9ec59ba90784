"""moto_server for the stack test (infra/stack).

Usage: python3 moto_stack.py -H HOST -p PORT (moto_server's flags).

Run with INITIAL_NO_AUTH_ACTION_COUNT set: the harness creates the stack
unauthenticated, then POSTs 0 to /moto-api/reset-auth, and from then on every
request is checked against the IAM policies of the key that signed it. Seven
patches to moto 5.2.1, each for a gap in it:

1. Step Functions executions (getmoto/moto#10077, fixed upstream after
   5.2.1): every StartExecution after the first fails with "cannot pickle
   '_thread.RLock'". The parser's deepcopy leaves the executions list empty
   and shares the backend, as the fix does (same as pkg/sfn/testdata).
2. Resources: moto passes the resource "*" for every service except S3,
   SQS, IAM and STS, and "*" never matches a statement naming an ARN, so a
   least-privilege policy would deny everything. Where moto does not know
   the resource, a statement's Resource is not compared here (an Allow is
   widened to "*"; a Deny naming resources is skipped, or it would deny
   everything); the harness's recording proxy compares it (infra/stack/iam.go). Conditions moto has no
   values for (ses:FromAddress) are left to the proxy the same way.
3. S3 signatures: moto recomputes an S3 request's signature over its
   decoded query string, so a signed ListObjectsV2 with Prefix "docs/"
   (signed as docs%2F) never matches. The query is encoded as SigV4 wants
   before moto signs it.
4. DynamoDB transactions: IAM has no dynamodb:TransactWriteItems or
   TransactGetItems action (each item is authorised as PutItem, UpdateItem,
   DeleteItem, ConditionCheckItem or GetItem), but moto checks them as
   actions. moto skips them here; the proxy checks each item.
5. A running execution calls back into this server (SQS sendMessage for
   .waitForTaskToken) signed with moto's fixed key "ak": those calls are the
   state machine's, not a function's, and are let through.
6. A StopExecution that a Wait state misses (on a loaded machine) leaves the
   execution RUNNING until the wait ends: the wait looks at the program's
   state every 0.2s (same as pkg/sfn/testdata).
7. DynamoDB transactions: moto backs up a transaction's tables with a
   deepcopy (stream records included) and, when the transaction is
   cancelled (a condition failed: a claim taken, a newer context kept),
   puts the copies back in place of the tables. Writes other requests made
   meanwhile were lost, and the table got a new stream shard object, so a
   stream reader's iterator (which holds the old one) never saw another
   record: the events function stopped receiving the outbox. DynamoDB and
   DynamoDB Streams requests are served one at a time here (nothing can
   happen between the backup and the rollback), the stream shard is shared
   by a table and its backup, and a rollback removes the stream records
   the cancelled transaction added.
"""

import copy as _copy
import threading as _threading
import time as _time
import os
import sys
from urllib.parse import quote, unquote

import moto.core.authorization as authz
import moto.iam.access_control as ac
import moto.server
import moto.stepfunctions.parser.models as sfn_models
from moto.dynamodb.models import DynamoDBBackend as _DynamoDBBackend
from moto.dynamodb.models.table import StreamShard as _StreamShard
from moto.dynamodb.responses import DynamoHandler as _DynamoHandler
from moto.dynamodbstreams.responses import DynamoDBStreamsHandler as _DynamoDBStreamsHandler
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

_statement_permitted = ac.IAMPolicyStatement.is_action_permitted


def _permitted(self, action, resource="*", principal=None, incoming_condition_values=None):
    statement = self._statement
    if principal is None and resource == "*":
        if statement.get("Effect") == "Deny" and statement.get("Resource", "*") not in ("*", ["*"]):
            # A Deny naming resources would deny everything once widened to
            # "*": the proxy compares its resources instead.
            return ac.PermissionResult.NEUTRAL
        statement = dict(statement)
        if "Resource" in statement:
            statement["Resource"] = "*"
        if incoming_condition_values is None:
            statement.pop("Condition", None)
        return _statement_permitted(ac.IAMPolicyStatement(statement), action, resource, principal, incoming_condition_values)
    return _statement_permitted(self, action, resource, principal, incoming_condition_values)


ac.IAMPolicyStatement.is_action_permitted = _permitted

_s3_create_aws_request = ac.S3IAMRequest._create_aws_request


def _s3_request_once_encoded(self):
    path, sep, query = self._path.partition("?")
    if sep:
        self._path = path + "?" + "&".join(
            "=".join(quote(unquote(x), safe="-_.~") for x in pair.split("=", 1)) for pair in query.split("&")
        )
    return _s3_create_aws_request(self)


ac.S3IAMRequest._create_aws_request = _s3_request_once_encoded

_authorize = authz.ActionAuthenticatorMixin._authenticate_and_authorize_action


def _authorize_unless_state_machine(self, iam_request_cls, resource="*"):
    auth = self.headers.get("Authorization") or ""
    if "Credential=ak/" in auth:
        return None
    target = self.headers.get("X-Amz-Target") or ""
    if target.endswith(".TransactWriteItems") or target.endswith(".TransactGetItems"):
        return None
    return _authorize(self, iam_request_cls, resource)


authz.ActionAuthenticatorMixin._authenticate_and_authorize_action = _authorize_unless_state_machine

# 7. One DynamoDB request at a time, and transactions that roll back
# without replacing the stream.
_DYNAMODB = _threading.RLock()


def _one_at_a_time(call_action):
    def locked(self):
        with _DYNAMODB:
            return call_action(self)

    return locked


_DynamoHandler.call_action = _one_at_a_time(_DynamoHandler.call_action)
_DynamoDBStreamsHandler.call_action = _one_at_a_time(_DynamoDBStreamsHandler.call_action)
# A table's backup shares its stream shard (and copies no stream records).
_StreamShard.__deepcopy__ = lambda self, memo: self

_transact_write_items = _DynamoDBBackend.transact_write_items


def _transact_keeping_streams(self, transact_items):
    kept = {name: (t.stream_shard, len(t.stream_shard.items)) for name, t in self.tables.items() if t.stream_shard is not None}
    try:
        return _transact_write_items(self, transact_items)
    except Exception:
        for name, (shard, n) in kept.items():
            del shard.items[n:]
            table = self.tables.get(name)
            if table is not None:
                table.stream_shard, shard.table = shard, table
        raise


_DynamoDBBackend.transact_write_items = _transact_keeping_streams

if __name__ == "__main__":
    args = sys.argv[1:]
    if "-p" in args:
        # The state machines' SQS calls go to localhost:MOTO_PORT.
        os.environ["MOTO_PORT"] = args[args.index("-p") + 1]
    sys.exit(moto.server.main(args))
