"""The category tree in the department console: view, create, edit, reorder, delete."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.i18n import current_language
from app.menus import menu_entry
from app.models import TaxonomyTerm
from app.permissions import Permission, requires
from app.services.directory import taxonomy
from app.tenancy import get_or_404
from blueprints.forms import attempt, form_status, submit
from blueprints.taxonomy.forms import TermForm

bp = Blueprint("taxonomy", __name__, url_prefix="/console/taxonomy", template_folder="templates")
menu_entry("console", "taxonomy.terms", _l("Categories"), permission=Permission.DIRECTORY_VIEW, order=60,
           current=("taxonomy.",))


def _parent_choices(form: TermForm, term: TaxonomyTerm | None = None) -> None:
    locale = current_language()
    form.parent_id.choices = [("", _("Nothing: a top category"))] + [
        (str(top.id), top.text("label", locale)) for top in taxonomy.top_terms(exclude_id=term.id if term else None)]


@bp.get("/")
@requires(Permission.DIRECTORY_VIEW)
def terms():
    """Department staff: the category tree with how many services use each category."""
    return render_template("taxonomy/tree.html", tree=taxonomy.term_tree(), counts=taxonomy.usage_counts())


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.DIRECTORY_MANAGE)
def term_new():
    """Department admin or officer: add a category or sub-category."""
    form = TermForm()
    _parent_choices(form)
    if request.method == "GET" and request.args.get("parent"):
        form.parent_id.data = request.args["parent"][:12]
    done = submit(form, lambda: taxonomy.create_term(form.data_for_service(taxonomy.CREATE_FIELDS), actor=current_user))
    if done:
        flash(_("The category “%(name)s” has been added.", name=done.value.label_pl), "success")
        return redirect(url_for("taxonomy.terms"), code=303)
    return render_template("taxonomy/form.html", form=form, term=None), form_status()


@bp.route("/<int:taxonomy_term_id>/edit", methods=["GET", "POST"])
@requires(Permission.DIRECTORY_MANAGE)
def term_edit(taxonomy_term_id: int):
    """Department admin or officer: names, synonyms, crisis flag and parent of a category."""
    term = get_or_404(TaxonomyTerm, taxonomy_term_id)
    form = TermForm(obj=term) if request.method == "GET" else TermForm()
    del form.code, form.position
    _parent_choices(form, term)
    if request.method == "GET":
        form.parent_id.data = str(term.parent_id or "")
    done = submit(form, lambda: taxonomy.update_term(term, form.data_for_service(taxonomy.EDIT_FIELDS),
                                                     actor=current_user))
    if done:
        flash(_("The category has been saved; search uses the new words at once.") if done.value
              else _("Nothing was changed."), "success")
        return redirect(url_for("taxonomy.terms"), code=303)
    total, names = taxonomy.services_using(term)
    return render_template("taxonomy/form.html", form=form, term=term, used_by=total,
                           used_names=names), form_status()


@bp.post("/<int:taxonomy_term_id>/move")
@requires(Permission.DIRECTORY_MANAGE)
def term_move(taxonomy_term_id: int):
    """Department admin or officer: move a category one place up or down."""
    term = get_or_404(TaxonomyTerm, taxonomy_term_id)
    attempt(lambda: taxonomy.move_term(term, request.form.get("direction", ""), actor=current_user))
    return redirect(url_for("taxonomy.terms", _anchor=f"term-{term.id}"), code=303)


@bp.post("/<int:taxonomy_term_id>/delete")
@requires(Permission.DIRECTORY_MANAGE)
def term_delete(taxonomy_term_id: int):
    """Department admin or officer: delete a category no service uses."""
    term = get_or_404(TaxonomyTerm, taxonomy_term_id)
    name = term.label_pl
    if not attempt(lambda: taxonomy.delete_term(term, actor=current_user)):
        return redirect(url_for("taxonomy.term_edit", taxonomy_term_id=term.id), code=303)
    flash(_("The category “%(name)s” has been deleted.", name=name), "success")
    return redirect(url_for("taxonomy.terms"), code=303)
