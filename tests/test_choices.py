"""The fixed choices of a campaign file are explained in Vietnamese, the same in the form and in
the error that lists them (issue 9, point 3)."""

import copy

import pytest
import yaml

from app import choices
from app.dispatch_model import AddresseeLayout, HeadingNumbering, ItemNumbering
from app.loader import CampaignError, validate_data
from app.scoring_rules import Method

SAMPLE = yaml.safe_load(open("campaigns/lao-cai-2023.yaml", encoding="utf-8"))


def _problem(change) -> str:
    data = copy.deepcopy(SAMPLE)
    change(data)
    with pytest.raises(CampaignError) as caught:
        validate_data(data, "x.yaml")
    return str(caught.value)


@pytest.mark.parametrize(("enum", "table"), [
    (HeadingNumbering, choices.HEADING_NUMBERINGS), (ItemNumbering, choices.ITEM_NUMBERINGS),
    (Method, choices.METHODS), (AddresseeLayout, choices.ADDRESSEE_LAYOUTS)])
def test_every_value_of_a_choice_has_its_vietnamese_words(enum, table):
    assert set(table) == {member.value for member in enum}


def test_a_wrong_numbering_lists_the_choices_with_their_words_and_no_english():
    text = _problem(lambda d: d["dispatch"]["parts"][0].update(heading_numbering="La Ma"))
    assert "dispatch.parts[0].heading_numbering: phải là một trong: “roman” (I, II, III)" in text
    assert "“none” (không đánh số)" in text
    assert " or " not in text


def test_a_wrong_authority_shows_what_to_type_and_empty_as_left_empty():
    text = _problem(lambda d: d["signer"].update(authority="K.T"))
    assert "để trống (Ký trực tiếp, không có tiền tố), KT. (ký thay người đứng đầu)" in text
    assert " or " not in text


def test_the_form_offers_the_same_words(client):
    page = client.get("/campaigns/lao-cai-2023/edit").get_data(as_text=True)
    for label in (*choices.HEADING_NUMBERINGS.values(), *choices.METHODS.values(), *choices.AUTHORITIES.values()):
        assert f">{label}</option>" in page
