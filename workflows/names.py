"""The names Temporal knows the workflows and activities by: one spelling for the workflow that calls an
activity, the worker that registers it, the tests' stand-ins and the audit that reads the history.

Changing a name breaks the running workflows and the recorded histories that reference it.
"""

OBLIGATION_WORKFLOW = "ObligationWorkflow"
CYCLE_WORKFLOW = "CycleWorkflow"
DIGEST_WORKFLOW = "DigestWorkflow"
CHECKPOINT_WORKFLOW = "CheckpointWorkflow"

RECORD_ACTIVITY = "record_event"
NOTICE_ACTIVITY = "send_notice"
DIGEST_ACTIVITY = "send_digest"
OPEN_CYCLE_ACTIVITY = "open_cycle"
CHECK_SIGNER_ACTIVITY = "check_signer"
SIGN_CHECKPOINT_ACTIVITY = "sign_checkpoint"
# The failure type of a recording step that refused a signed action's signer: its update is rejected.
SIGNER_REFUSED = "SignerRefused"
