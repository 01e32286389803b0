"""Two-factor sign-in: enrolment, replayed codes, recovery codes."""

from __future__ import annotations

import time

import pyotp
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, RecoveryCode, User
from app.services import ServiceError
from app.services.accounts.two_factor import (
    RECOVERY_CODE_COUNT,
    disable_two_factor,
    enable_two_factor,
    new_secret,
    provisioning_uri,
    qr_svg,
    regenerate_recovery_codes,
    remaining_recovery_codes,
    use_recovery_code,
    verify_totp,
)
from app.tenancy import system_scope


@pytest.fixture
def person(make):
    return make.user("two.factor@example.org")


@pytest.fixture
def user(ctx, person):
    with system_scope("tests"):
        yield db.session.get(User, person.id)


def _actions():
    return [e.action for e in db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]


def test_enabling_with_the_right_code_gives_ten_recovery_codes(user):
    secret = new_secret()
    codes = enable_two_factor(user, secret, pyotp.TOTP(secret).now(), actor=user)
    db.session.commit()
    assert len(codes) == RECOVERY_CODE_COUNT == 10
    assert len(set(codes)) == 10
    assert user.has_two_factor and user.totp_secret == secret
    assert remaining_recovery_codes(user) == 10
    stored = db.session.execute(select(RecoveryCode.code_hash).filter_by(user_id=user.id)).scalars().all()
    assert not set(codes) & set(stored)  # only hashes are kept
    assert "user.two_factor_enabled" in _actions()


@pytest.mark.parametrize("code", ["000000", "12345", "abcdef", "", "1234567"])
def test_enabling_with_a_wrong_code_is_refused(user, code):
    secret = new_secret()
    if code == "000000" and pyotp.TOTP(secret).verify("000000", valid_window=1):
        pytest.skip("the random secret happens to produce 000000 now")
    with pytest.raises(ServiceError) as refused:
        enable_two_factor(user, secret, code, actor=user)
    assert refused.value.field == "code"
    assert not user.has_two_factor
    assert remaining_recovery_codes(user) == 0


def test_the_same_code_works_only_once(user):
    secret = new_secret()
    code = pyotp.TOTP(secret).now()
    enable_two_factor(user, secret, code, actor=user)
    assert not verify_totp(user, code)  # the enrolment code cannot be replayed at sign-in


def test_a_fresh_code_works_once_then_is_a_replay(user):
    secret = new_secret()
    user.totp_secret = secret
    code = pyotp.TOTP(secret).now()
    assert verify_totp(user, code)
    assert not verify_totp(user, code)
    assert not verify_totp(user, "not a code")


def test_a_code_from_the_previous_step_is_still_accepted_once(user):
    secret = new_secret()
    user.totp_secret = secret
    previous = pyotp.TOTP(secret).at(time.time() - 30)
    assert verify_totp(user, previous)
    assert not verify_totp(user, previous)


def test_no_secret_no_code(user):
    assert not verify_totp(user, "123456")


def test_recovery_code_works_once(user):
    secret = new_secret()
    codes = enable_two_factor(user, secret, pyotp.TOTP(secret).now(), actor=user)
    assert use_recovery_code(user, codes[0])
    assert not use_recovery_code(user, codes[0])
    assert remaining_recovery_codes(user) == 9
    assert use_recovery_code(user, f"  {codes[1].upper()} ")  # typed in capitals, with spaces
    assert not use_recovery_code(user, "00000-00000")
    assert not use_recovery_code(user, "short")
    assert remaining_recovery_codes(user) == 8
    assert _actions().count("user.recovery_code_used") == 2


def test_recovery_codes_belong_to_their_owner(ctx, make, user):
    other = make.user("someone.else@example.org")
    secret = new_secret()
    codes = enable_two_factor(user, secret, pyotp.TOTP(secret).now(), actor=user)
    db.session.commit()
    other_user = db.session.get(User, other.id)
    assert not use_recovery_code(other_user, codes[0])
    assert use_recovery_code(user, codes[0])


def test_regenerated_codes_replace_the_old_ones(user):
    secret = new_secret()
    old = enable_two_factor(user, secret, pyotp.TOTP(secret).now(), actor=user)
    new = regenerate_recovery_codes(user, actor=user)
    assert not set(old) & set(new)
    assert not use_recovery_code(user, old[0])
    assert use_recovery_code(user, new[0])


def test_turning_off_is_refused_for_yourself_when_required(user):
    secret = new_secret()
    enable_two_factor(user, secret, pyotp.TOTP(secret).now(), actor=user)
    with pytest.raises(ServiceError):
        disable_two_factor(user, actor=user, required=True)
    assert user.has_two_factor
    disable_two_factor(user, actor=user, required=False)
    assert not user.has_two_factor and user.totp_secret is None
    assert remaining_recovery_codes(user) == 0
    assert "user.two_factor_disabled" in _actions()


def test_qr_code_is_an_svg_of_the_provisioning_address(user):
    secret = new_secret()
    uri = provisioning_uri(user, secret)
    assert uri.startswith("otpauth://totp/")
    assert secret in uri and "two.factor%40example.org" in uri
    svg = qr_svg(uri).decode()
    assert svg.lstrip().startswith("<svg") and "<title>" in svg
