"""Fixtures shared by every app's tests."""

import pytest
from django.utils import translation

from pobratym.directory.models import Authority
from pobratym.directory.tests.factories import AuthorityFactory, RegionFactory, municipality


@pytest.fixture(autouse=True)
def _ukrainian_by_default():
    """Each test starts in the platform's default language, as a new visitor would."""
    with translation.override("uk"):
        yield


@pytest.fixture
def small_directory(db) -> dict[str, Authority]:
    """A hand-made directory: a Ukrainian hromada, an oblast and four European municipalities."""
    zhytomyr = RegionFactory()
    berlin_land = RegionFactory(
        country__code="DE",
        country__name_en="Germany",
        country__name_uk="Німеччина",
        code="DE-BE",
        kind="region",
        name="Berlin",
        name_uk="",
        name_en="Berlin",
    )
    berlin = municipality(
        "Berlin",
        name_uk="Берлін",
        country="DE",
        country_en="Germany",
        country_uk="Німеччина",
        population=3_426_354,
        region=berlin_land,
    )
    return {
        "korosten": AuthorityFactory(region=zhytomyr),
        "bourges": municipality(
            "Bourges",
            name_uk="Бурж",
            country="FR",
            country_en="France",
            country_uk="Франція",
            population=67_987,
        ),
        "plunge": municipality(
            "Plungė", country="LT", country_en="Lithuania", country_uk="Литва", population=18_904
        ),
        "berlin": berlin,
        "wedding": municipality(
            "Wedding",
            name_uk="Веддінг",
            country="DE",
            country_en="Germany",
            country_uk="Німеччина",
            population=85_275,
            region=berlin_land,
            is_section=True,
            section_of=berlin,
        ),
    }


@pytest.fixture
def sign_in_verified():
    """Sign a test client in as the code step leaves a session: verified by a confirmed device.

    Facilitators and the secretariat are sent to the two-step setup otherwise.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def sign_in(client, user):
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Pobratym", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return device

    return sign_in
