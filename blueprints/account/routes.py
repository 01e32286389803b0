"""The signed-in user's own account: profile, password, two-factor sign-in, active organisation."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.passwords import check_password
from app.permissions import signed_in
from app.security import safe_next
from app.services.accounts import two_factor, users
from app.services.accounts.authentication import requires_two_factor
from blueprints.account.forms import ChangePasswordForm, ConfirmCodeForm, PasswordConfirmForm, ProfileForm
from blueprints.auth.flow import current_session_id
from blueprints.forms import attempt, submit

bp = Blueprint("account", __name__, url_prefix="/account", template_folder="templates")


@bp.route("/", methods=["GET", "POST"])
@signed_in
def overview():
    """Any signed-in user: see memberships and change name and preferred language."""
    form = ProfileForm(obj=current_user) if request.method == "GET" else ProfileForm()
    if submit(form, lambda: users.update_profile(current_user, full_name=form.full_name.data,
                                                 locale=form.locale.data, actor=current_user)):
        flash(_("Your details have been saved."), "success")
        return redirect(url_for("account.overview"), code=303)
    return render_template("account/overview.html", form=form,
                           recovery_left=two_factor.remaining_recovery_codes(current_user)
                           if current_user.has_two_factor else 0)


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def change_password():
    """Any signed-in user: change the password; every other session of the account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not check_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        elif attempt(lambda: users.change_password(current_user, form.new_password.data, actor=current_user,
                                                   keep_session=current_session_id()),
                     form=form, default_field="new_password"):
            flash(_("Your password has been changed. Other devices have been signed out."), "success")
            return redirect(url_for("account.overview"), code=303)
    return render_template("account/password.html", form=form)


@bp.route("/two-factor", methods=["GET", "POST"])
@signed_in
def two_factor_setup():
    """Any signed-in user without it: turn on two-factor sign-in with an authenticator app."""
    if current_user.has_two_factor:
        return redirect(url_for("account.overview"))
    secret = session.get("enrol_secret") or two_factor.new_secret()
    session["enrol_secret"] = secret
    form = ConfirmCodeForm()
    done = submit(form, lambda: two_factor.enable_two_factor(current_user, secret, form.code.data, actor=current_user),
                  default_field="code")
    if done:
        session.pop("enrol_secret", None)
        return render_template("account/recovery_codes.html", codes=done.value,
                               continue_url=url_for("account.overview"))
    return render_template("auth/enrol.html", form=form, secret=secret,
                           qr_url=url_for("account.two_factor_qr"), required=False)


@bp.get("/two-factor/qr.svg")
@signed_in
def two_factor_qr():
    """The QR code of the secret being set up by the signed-in user."""
    secret = session.get("enrol_secret")
    if not secret or current_user.has_two_factor:
        abort(404)
    svg = two_factor.qr_svg(two_factor.provisioning_uri(current_user, secret))
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


@bp.route("/two-factor/recovery-codes", methods=["GET", "POST"])
@signed_in
def recovery_codes():
    """A user with two-factor sign-in: replace the recovery codes (password needed)."""
    if not current_user.has_two_factor:
        return redirect(url_for("account.overview"))
    form = PasswordConfirmForm()
    if form.validate_on_submit():
        if check_password(current_user.password_hash, form.current_password.data):
            codes = two_factor.regenerate_recovery_codes(current_user, actor=current_user)
            return render_template("account/recovery_codes.html", codes=codes,
                                   continue_url=url_for("account.overview"))
        form.current_password.errors.append(_("This is not your current password."))
    return render_template("account/confirm_password.html", form=form,
                           title=_("New recovery codes"),
                           explanation=_("Your old recovery codes will stop working."),
                           button=_("Make new recovery codes"))


@bp.route("/two-factor/disable", methods=["GET", "POST"])
@signed_in
def disable_two_factor():
    """An organisation user: turn two-factor sign-in off (department roles cannot)."""
    if not current_user.has_two_factor:
        return redirect(url_for("account.overview"))
    required = requires_two_factor(current_user)
    form = PasswordConfirmForm()
    if not required and form.validate_on_submit():
        if check_password(current_user.password_hash, form.current_password.data):
            two_factor.disable_two_factor(current_user, actor=current_user, required=False)
            flash(_("Two-factor sign-in is off."), "success")
            return redirect(url_for("account.overview"), code=303)
        form.current_password.errors.append(_("This is not your current password."))
    if required:
        flash(_("Two-factor sign-in is required for department roles."), "error")
        return redirect(url_for("account.overview"))
    return render_template("account/confirm_password.html", form=form,
                           title=_("Turn off two-factor sign-in"),
                           explanation=_("Your account will be protected by the password alone."),
                           button=_("Turn off"))


@bp.post("/organisation")
@signed_in
def switch_organisation():
    """A member of several organisations: choose which one to act for (then go on to ``next``, if given)."""
    wanted = request.form.get("organisation_id", type=int)
    if wanted not in {m.organisation_id for m in g.memberships}:
        abort(404)
    session["active_organisation"] = wanted
    session.pop("enrol_secret", None)
    return redirect(safe_next(request.form.get("next"), landing_for_active(wanted)), code=303)


@bp.get("/act-for")
@signed_in
def act_for():
    """A member of several organisations following a link about one of them (an e-mail's): act for it.

    Already acting for it: straight on to ``next``. Acting for another: a page that says so, with a
    button that switches and goes on (a GET changes nothing). Not a member: 404.
    """
    wanted = request.args.get("organisation", type=int)
    membership = next((m for m in g.memberships if m.organisation_id == wanted), None)
    if membership is None:
        abort(404)
    target = safe_next(request.args.get("next"), landing_for_active(wanted))
    if g.membership is not None and g.membership.organisation_id == wanted:
        return redirect(target, code=303)
    return render_template("account/act_for.html", membership=membership, target=target)


def landing_for_active(organisation_id: int) -> str:
    """The home page of the organisation just switched to."""
    membership = next(m for m in g.memberships if m.organisation_id == organisation_id)
    return url_for("console.dashboard" if membership.organisation.is_department else "workspace.dashboard")
