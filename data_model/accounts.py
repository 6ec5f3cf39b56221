"""Accounts, API tokens and login throttling.

Passwords are stored as werkzeug scrypt hashes; API tokens as the SHA-256 of a random secret that is
shown once. Throttling: ``MAX_FAILURES`` failed sign-ins for one username from one address within
``WINDOW`` (with no success in between) refuse further attempts until the window has passed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from data_model import audit
from data_model.regions import region_by_code
from data_model.schema import ApiToken, LoginAttempt, User

ROLES = ("admin", "leader", "bureau")
ROLE_LABELS = {"admin": "省级管理员", "leader": "领导", "bureau": "地市工信局"}
MIN_PASSWORD_LENGTH = 8
# werkzeug's default (scrypt). Tests lower the cost; production never changes it.
PASSWORD_HASH_METHOD = "scrypt"
MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
# Demo accounts: username → (role, city). Usable only while DEMO_MODE=1 (checked by the app).
DEMO_ACCOUNTS = {
    "demo-admin": ("admin", None),
    "demo-leader": ("leader", None),
    "demo-nanjing": ("bureau", "320100"),
}


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message is for the user (Chinese)."""


class LoginThrottled(AccountError):
    """Too many failed sign-ins for this username from this address."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str
    region_code: str | None
    is_active: bool
    is_demo: bool
    created_at: datetime
    # Changes whenever the password does: sessions remember it, so a new password ends old sessions.
    credential_stamp: str = ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def _account(user: User) -> Account:
    return Account(
        user.id,
        user.username,
        user.role,
        user.region_code,
        user.is_active,
        user.is_demo,
        user.created_at,
        hashlib.sha256(user.password_hash.encode()).hexdigest()[:16],
    )


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少 {MIN_PASSWORD_LENGTH} 位")


def _check_role(role: str, region_code: str | None) -> None:
    if role not in ROLES:
        raise AccountError(f"未知角色“{role}”，应为 admin、leader 或 bureau")
    if role == "bureau":
        if not region_code:
            raise AccountError("地市工信局账号必须指定所属设区市")
        try:
            region = region_by_code(region_code)
        except KeyError:
            region = None
        if region is None or region.level != "city":
            raise AccountError("所属地区必须是设区市")
    elif region_code:
        raise AccountError("只有地市工信局账号绑定设区市")


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    region_code: str | None,
    actor: str,
    source: str = "",
    is_demo: bool = False,
) -> Account:
    """Create an account and return it; raises AccountError for a taken name or bad input."""
    username = username.strip()
    if not username or len(username) > 100:
        raise AccountError("用户名不能为空，且不超过 100 个字符")
    _check_role(role, region_code)
    if not is_demo:
        check_new_password(password)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError(f"用户名“{username}”已存在")
    user = User(
        username=username,
        password_hash=generate_password_hash(password, method=PASSWORD_HASH_METHOD),
        role=role,
        region_code=region_code or None,
        is_active=True,
        is_demo=is_demo,
        created_at=datetime.now(),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        "user.create",
        "user",
        username,
        {"role": role, "region": region_code, "demo": is_demo},
        source,
    )
    return _account(user)


def get_account(session: Session, user_id: int) -> Account | None:
    user = session.get(User, user_id)
    return _account(user) if user else None


def find_account(session: Session, username: str) -> Account | None:
    user = session.scalar(select(User).where(User.username == username))
    return _account(user) if user else None


def list_accounts(session: Session) -> list[Account]:
    return [_account(u) for u in session.scalars(select(User).order_by(User.username))]


def set_active(
    session: Session, username: str, active: bool, actor: str, source: str = ""
) -> Account:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"用户“{username}”不存在")
    user.is_active = active
    audit.record(
        session, actor, "user.enable" if active else "user.disable", "user", username, {}, source
    )
    return _account(user)


def set_password(
    session: Session, username: str, password: str, actor: str, source: str = ""
) -> Account:
    check_new_password(password)
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"用户“{username}”不存在")
    user.password_hash = generate_password_hash(password, method=PASSWORD_HASH_METHOD)
    audit.record(session, actor, "user.password", "user", username, {}, source)
    return _account(user)


def is_throttled(session: Session, username: str, source: str, now: datetime) -> bool:
    """Return True when ``username`` from ``source`` has failed too often lately."""
    since = now - WINDOW
    key = (LoginAttempt.username == username, LoginAttempt.source == source)
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(*key, LoginAttempt.succeeded.is_(True))
    )
    if last_success is not None and last_success > since:
        since = last_success
    failures = session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(*key, LoginAttempt.succeeded.is_(False), LoginAttempt.at > since)
    )
    return failures >= MAX_FAILURES


def authenticate(
    session: Session,
    username: str,
    password: str,
    source: str,
    now: datetime | None = None,
) -> Account:
    """Return the account for a correct password, recording the attempt; else AccountError.

    Demo accounts sign in only through the demo route (never with a password).
    """
    now = now or datetime.now()
    username = username.strip()[:100]
    if is_throttled(session, username, source, now):
        audit.record(session, username, "login.throttled", "user", username, {}, source)
        raise LoginThrottled("登录失败次数过多，请 15 分钟后再试")
    user = session.scalar(select(User).where(User.username == username))
    ok = (
        user is not None
        and user.is_active
        and not user.is_demo
        and check_password_hash(user.password_hash, password)
    )
    session.add(LoginAttempt(username=username, source=source, at=now, succeeded=ok))
    if not ok:
        audit.record(session, username, "login.failed", "user", username, {}, source)
        raise AccountError("用户名或密码错误，或账号已停用")
    audit.record(session, username, "login", "user", username, {}, source)
    return _account(user)


def ensure_demo_account(session: Session, username: str, source: str = "") -> Account:
    """Return the demo account ``username``, creating it (unusable random password) if needed."""
    role, region = DEMO_ACCOUNTS[username]
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        account = create_user(
            session, username, secrets.token_urlsafe(32), role, region, "demo", source, is_demo=True
        )
    else:
        account = _account(user)
    audit.record(session, username, "login.demo", "user", username, {}, source)
    return account


# --- API tokens -------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, username: str, actor: str, label: str = "", source: str = ""
) -> tuple[int, str]:
    """Return (token id, the token itself); only its hash is stored, so show it once."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"用户“{username}”不存在")
    token = "qq_" + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        token_hash=token_hash(token),
        label=label,
        created_by=actor,
        created_at=datetime.now(),
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "token.create", "token", str(row.id), {"user": username}, source)
    return row.id, token


def revoke_token(session: Session, token_id: int, actor: str, source: str = "") -> None:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise AccountError(f"令牌 {token_id} 不存在")
    if row.revoked_at is None:
        row.revoked_at = datetime.now()
        audit.record(session, actor, "token.revoke", "token", str(token_id), {}, source)


def list_tokens(session: Session) -> list[dict]:
    """Return every token as id, username, label, created_by, created_at, revoked_at."""
    rows = session.execute(
        select(ApiToken, User.username)
        .join(User, User.id == ApiToken.user_id)
        .order_by(ApiToken.id)
    )
    return [
        {
            "id": t.id,
            "username": name,
            "label": t.label,
            "created_by": t.created_by,
            "created_at": t.created_at,
            "revoked_at": t.revoked_at,
        }
        for t, name in rows
    ]


def account_for_token(session: Session, token: str) -> Account | None:
    """Return the active account a live (unrevoked) token belongs to, or None."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    return _account(user) if user is not None and user.is_active else None
