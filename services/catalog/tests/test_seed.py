import csv
from importlib.resources import files

from jsonschema import Draft202012Validator

from egov_catalog.domain.seed import ADMINISTRATIONS, PACKAGES, SERVICES

REFERENCE = files("egov_catalog.domain") / "reference" / "services.csv"


def test_every_seeded_service_is_a_real_iisda_service():
    with REFERENCE.open(encoding="utf-8") as source:
        known = {row["iisda_number"] for row in csv.DictReader(source) if row["iisda_number"]}
    assert {str(service.iisda_number) for service in SERVICES} <= known


def test_every_form_is_valid_json_schema():
    for service in SERVICES:
        Draft202012Validator.check_schema(service.form_schema)


def test_packages_offer_only_seeded_services_of_existing_administrations():
    services = {service.iisda_number for service in SERVICES}
    administrations = {administration.id for administration in ADMINISTRATIONS}
    for package in PACKAGES:
        assert package.administration_id in administrations
        assert {entry.service for entry in package.entries} <= services


def test_sofia_offers_the_certificate_of_heirs():
    sofia = next(package for package in PACKAGES if package.administration_id == "sofia")
    assert sofia.entry_for(2016) is not None
