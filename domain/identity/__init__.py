"""Who may use the tracker: users, roles and signing keys as events, their fold, and the signer rule.

The names below are the package's public face; other layers import them from here or from the
module that defines them.
"""

from domain.identity.events import (
    USERS_PREFIX,
    UserAdded,
    UserKeyRegistered,
    UserKeyRevoked,
    UserRemoved,
    user_stream,
)
from domain.identity.signer import Signer, SignerCheck, verdict
from domain.identity.users import (
    ADMIN,
    INTAKE,
    User,
    active,
    check_login,
    check_role,
    fold_users,
    key_id_of,
    may_sign_for,
)

__all__ = [
    "active",
    "ADMIN",
    "check_login",
    "check_role",
    "fold_users",
    "INTAKE",
    "key_id_of",
    "may_sign_for",
    "Signer",
    "SignerCheck",
    "User",
    "user_stream",
    "UserAdded",
    "UserKeyRegistered",
    "UserKeyRevoked",
    "UserRemoved",
    "USERS_PREFIX",
    "verdict",
]
