"""An organisation admin invites a new member, who accepts by e-mail link and signs in."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import MAIN_SUBMIT, SIGN_OUT_BUTTON, path_of, sign_in, submit_password

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "modry-rower-pod-lipami-7"


def open_invitation_from_outbox(page: Page, email: str) -> None:
    """On the development mail page, open the newest message to ``email`` and follow its link."""
    page.goto("/dev/outbox/")
    entry = page.locator("ul.outbox li", has_text=email).first  # newest first
    expect(entry).to_be_visible()
    entry.locator("a").click()
    page.wait_for_load_state()
    expect(page.locator("main dl")).to_contain_text(email)
    link = page.locator("main pre a[href*='/invitations/']")
    expect(link).to_have_count(1)
    link.click()
    page.wait_for_load_state()
    assert path_of(page).startswith("/invitations/")


def test_admin_invites_a_member_who_accepts_and_signs_in(page: Page, new_context):
    email = f"nowa.osoba.{secrets.token_hex(4)}@example.org"

    # The admin of the family association invites a new person as staff.
    sign_in(page, "coordinator@demo.example")
    page.goto("/workspace/members")
    expect(page.locator("main h1")).to_contain_text("Stowarzyszenie na Rzecz Rodziny")
    invite_form = page.locator("form[action='/workspace/members']")
    invite_form.locator("#email").fill(email)
    invite_form.locator("#role").select_option("staff")
    invite_form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    assert path_of(page) == "/workspace/members"
    expect(page.locator(".flash-success")).to_contain_text(email)
    expect(page.locator("main")).to_contain_text(email)  # listed among the open invitations

    # The invited person, in a browser of their own, reads the e-mail and follows the link.
    invitee = new_context().new_page()
    open_invitation_from_outbox(invitee, email)
    expect(invitee.locator("main h1")).to_contain_text("Stowarzyszenie na Rzecz Rodziny")
    expect(invitee.locator("main")).to_contain_text(email)

    invitee.locator("#full_name").fill("Natalia Nowicka")
    invitee.locator("#password").fill(NEW_PASSWORD)
    invitee.locator("#confirm").fill(NEW_PASSWORD)
    invitee.locator(MAIN_SUBMIT).click()
    invitee.wait_for_load_state()

    assert path_of(invitee) == "/workspace/", f"the new member should land in the workspace, got {invitee.url}"
    expect(invitee.locator("main h1")).to_have_text("Stowarzyszenie na Rzecz Rodziny")
    expect(invitee.locator(".flash-success")).to_be_visible()
    expect(invitee.locator("main")).to_contain_text("Natalia Nowicka")  # among the members

    # Sign out with the header button, then back in with the new password.
    invitee.locator(SIGN_OUT_BUTTON).click()
    invitee.wait_for_load_state()
    assert path_of(invitee) == "/"
    expect(invitee.locator(SIGN_OUT_BUTTON)).to_have_count(0)

    invitee.goto("/sign-in")
    submit_password(invitee, email, NEW_PASSWORD)
    assert path_of(invitee) == "/workspace/"
    expect(invitee.locator(SIGN_OUT_BUTTON)).to_be_visible()

    # The admin now sees the new member in the list.
    page.goto("/workspace/members")
    expect(page.locator("table")).to_contain_text("Natalia Nowicka")
    expect(page.locator("table")).to_contain_text(email)


def test_a_mistake_in_the_new_account_form_keeps_the_name_and_the_link_works_only_once(page: Page, new_context):
    email = f"jednorazowo.{secrets.token_hex(4)}@example.org"
    sign_in(page, "coordinator@demo.example")
    page.goto("/workspace/members")
    invite_form = page.locator("form[action='/workspace/members']")
    invite_form.locator("#email").fill(email)
    invite_form.locator("#role").select_option("coordinator")
    invite_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".flash-success")).to_contain_text(email)

    invitee = new_context().new_page()
    open_invitation_from_outbox(invitee, email)
    link = invitee.url

    # The two passwords differ: the person is told next to the field and keeps their name.
    invitee.locator("#full_name").fill("Jan Jednorazowy")
    invitee.locator("#password").fill(NEW_PASSWORD)
    invitee.locator("#confirm").fill(NEW_PASSWORD + "x")
    invitee.locator(MAIN_SUBMIT).click()
    invitee.wait_for_load_state()
    assert invitee.url == link
    expect(invitee.locator("#confirm-error")).to_be_visible()
    expect(invitee.locator("#confirm")).to_have_attribute("aria-invalid", "true")
    expect(invitee.locator("#full_name")).to_have_value("Jan Jednorazowy")

    invitee.locator("#password").fill(NEW_PASSWORD)
    invitee.locator("#confirm").fill(NEW_PASSWORD)
    invitee.locator(MAIN_SUBMIT).click()
    invitee.wait_for_load_state()
    assert path_of(invitee) == "/workspace/"

    stranger = new_context().new_page()
    response = stranger.goto(link)
    assert response is not None and response.status == 404
    expect(stranger.locator("#full_name")).to_have_count(0)
