"""Signing in and out, the second factor, password reset, and accepting invitations."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.permissions import public
from app.services.accounts import sessions, two_factor, users
from app.services.accounts.authentication import (
    check_credentials,
    record_second_factor_failure,
    requires_two_factor,
    second_factor_wait,
    wait_message,
)
from app.services.audit.log import client_address, record_event
from app.services.organisations import members
from blueprints.auth import flow
from blueprints.auth.forms import (
    AcceptInvitationForm,
    CodeForm,
    ForgotPasswordForm,
    NewPasswordForm,
    SignInForm,
)
from blueprints.forms import BaseForm, apply_service_error, attempt, submit

bp = Blueprint("auth", __name__, template_folder="templates")


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    """Anyone: the e-mail and password step. Department accounts go on to the code step."""
    if current_user.is_authenticated:
        return redirect(flow.landing_for(current_user, request.args.get("next")))
    form = SignInForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        result = check_credentials(form.email.data, form.password.data)
        user = result.user
        if user is not None and (user.has_two_factor or requires_two_factor(user)):
            flow.begin_second_factor(user, remember=form.remember.data, next_url=form.next.data)
            target = "auth.second_factor" if user.has_two_factor else "auth.enrol"
            return redirect(url_for(target), code=303)
        if user is not None:
            flow.finish_sign_in(user, remember=form.remember.data, method="password")
            return redirect(flow.landing_for(user, form.next.data), code=303)
        form.password.data = ""
        if result.throttled:  # not a mistake in a field: a wait, said above the form with why
            return (render_template("auth/sign_in.html", form=form, wait=result.refusal.message), 429,
                    {"Retry-After": str(result.refusal.retry_after)})
        # the failure is counted and logged: the request commits it, the person reads why
        apply_service_error(form, result.refusal, default_field="password")
    return render_template("auth/sign_in.html", form=form), status


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
def second_factor():
    """A user who passed the password step: enter the authenticator or a recovery code."""
    user = flow.pending_user()
    if user is None or not user.has_two_factor:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        wait = second_factor_wait(user)
        code = form.code.data.strip()
        if wait:
            form.code.errors.append(wait_message(wait))
            status = 429
        elif two_factor.verify_totp(user, code) or two_factor.use_recovery_code(user, code):
            remember, next_url = session.get("pending_remember", False), session.get("pending_next")
            flow.finish_sign_in(user, remember=remember, method="totp")
            return redirect(flow.landing_for(user, next_url), code=303)
        else:
            record_second_factor_failure(user)  # committed with the request, like a wrong password
            form.code.errors.append(_("That code is not right. Check the time on your phone and try again."))
    return render_template("auth/second_factor.html", form=form), status


@bp.route("/sign-in/set-up-code", methods=["GET", "POST"])
@public
def enrol():
    """A department user without two-factor sign-in: set it up before going on."""
    user = flow.pending_user()
    if user is None or user.has_two_factor:
        return redirect(url_for("auth.sign_in"))
    secret = session.get("enrol_secret") or two_factor.new_secret()
    session["enrol_secret"] = secret
    form = CodeForm()
    done = submit(form, lambda: two_factor.enable_two_factor(user, secret, form.code.data, actor=user),
                  default_field="code")
    if done:
        remember, next_url = session.get("pending_remember", False), session.get("pending_next")
        flow.finish_sign_in(user, remember=remember, method="totp_enrolment")
        return render_template("account/recovery_codes.html", codes=done.value,
                               continue_url=flow.landing_for(user, next_url))
    return render_template("auth/enrol.html", form=form, secret=secret,
                           qr_url=url_for("auth.enrol_qr"), required=True)


@bp.get("/sign-in/set-up-code/qr.svg")
@public
def enrol_qr():
    """The QR code for the pending enrolment (only for the user in the middle of it)."""
    user = flow.pending_user()
    secret = session.get("enrol_secret")
    if user is None or not secret:
        abort(404)
    svg = two_factor.qr_svg(two_factor.provisioning_uri(user, secret))
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


@bp.post("/sign-out")
@public
def sign_out():
    """End the session on the server and in the browser."""
    if current_user.is_authenticated:
        record_event("auth.sign_out", actor=current_user, target=current_user)
        sessions.end_session(session.get("sid"))
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("public.home"), code=303)


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot_password():
    """Anyone: ask for a reset link. The answer never says whether the account exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        users.request_password_reset(form.email.data, address=client_address())
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """The holder of a reset link: choose a new password; every session of the account ends."""
    if users.find_reset_token(token) is None:
        return render_template("auth/link_expired.html"), 404
    form = NewPasswordForm()
    if submit(form, lambda: users.reset_password(token, form.password.data), default_field="password"):
        session.clear()
        flash(_("Your password has been changed. Sign in with the new password."), "success")
        return redirect(url_for("auth.sign_in"), code=303)
    return render_template("auth/reset_password.html", form=form)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@public
def invitation(token: str):
    """The holder of an invitation link: create an account, or accept as the signed-in user."""
    invite = members.find_invitation(token)
    if invite is None:
        return render_template("auth/link_expired.html", invitation=True), 404
    existing = users.find_user_by_email(invite.email)
    signed_in_as_invitee = current_user.is_authenticated and current_user.email == invite.email
    form = AcceptInvitationForm() if existing is None and not current_user.is_authenticated else BaseForm()
    if request.method == "POST":
        if existing is None and not current_user.is_authenticated:
            done = submit(form, lambda: members.accept_invitation(token, full_name=form.full_name.data,
                                                                  password=form.password.data),
                          default_field="password")
            if done:
                return _after_new_account(done.value)
        elif signed_in_as_invitee:
            if not attempt(lambda: members.accept_invitation(token, user=current_user)):
                return redirect(url_for("auth.invitation", token=token), code=303)
            session["active_organisation"] = invite.organisation_id
            flash(_("You are now a member of %(organisation)s.", organisation=invite.organisation.name), "success")
            # the home of the organisation just joined (now the active one), not of the first membership
            home = "console.dashboard" if invite.organisation.is_department else "workspace.dashboard"
            return redirect(url_for(home), code=303)
        else:
            abort(400)
    return render_template("auth/invitation.html", invite=invite, form=form, existing=existing,
                           signed_in_as_invitee=signed_in_as_invitee)


def _after_new_account(user):
    if requires_two_factor(user):
        flash(_("Your account is ready. Sign in and set up two-factor sign-in."), "success")
        return redirect(url_for("auth.sign_in"), code=303)
    flow.finish_sign_in(user, remember=False, method="invitation")
    flash(_("Welcome! Your account is ready."), "success")
    return redirect(flow.landing_for(user, None), code=303)
