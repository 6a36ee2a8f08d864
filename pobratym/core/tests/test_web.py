from django import forms

from pobratym.core.errors import ApplicationError, InvalidInput
from pobratym.core.web import apply_errors, error_summary


class _NoteForm(forms.Form):
    note = forms.CharField(required=False)


class _RowForm(forms.Form):
    quantity = forms.IntegerField(required=False)


def _bound(form_class: type[forms.Form], data: dict[str, str]) -> forms.Form:
    form = form_class(data)
    assert form.is_valid()
    return form


def test_apply_errors_puts_each_field_error_on_its_field_and_the_unknown_on_the_form() -> None:
    form = _bound(_NoteForm, {"note": "x"})

    apply_errors(form, InvalidInput.of_fields({"note": "Too short.", "elsewhere": "Wrong."}))

    assert form.errors == {"note": ["Too short."], "__all__": ["Wrong."]}


def test_apply_errors_puts_an_error_that_names_no_field_on_the_form() -> None:
    form = _bound(_NoteForm, {"note": "x"})

    apply_errors(form, ApplicationError("Not now."))

    assert form.errors == {"__all__": ["Not now."]}


def test_apply_errors_puts_an_item_error_on_the_row_it_came_from() -> None:
    form = _bound(_NoteForm, {})
    rows = [_bound(_RowForm, {}), _bound(_RowForm, {"quantity": "2"})]
    # The service saw one item: the second row (the first was blank).
    error = InvalidInput.of_fields(
        {"items.0.quantity": "Too many.", "items.0": "Gone.", "items": "None left."}
    )

    apply_errors(form, error, rows={"items": (rows, [1])})

    assert rows[0].errors == {}
    assert rows[1].errors == {"quantity": ["Too many."], "__all__": ["Gone."]}
    assert form.errors == {"__all__": ["None left."]}


def test_error_summary_joins_the_message_and_each_field_error() -> None:
    error = InvalidInput.of_fields({"day": "In the future.", "note": "Too long."})

    assert error_summary(error) == f"{error.message} In the future. Too long."
