"""The handler template: what `egov-stack new-handler` writes, checked without the platform."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from egov_catalog.domain.seed.services import seeded_services
from egov_localstack import paths
from egov_localstack.new_handler import HandlerSpec, sample_form, write_handler

SERVICES = {service.iisda_number: service for service in seeded_services()}
TODAY = dt.date(2026, 11, 27)
GABROVO = HandlerSpec(
    administration="gabrovo",
    name_bg="Община Габрово",
    name_en="Gabrovo Municipality",
    service=2039,
    service_name_en=SERVICES[2039].name_en,
    sample_form=sample_form(SERVICES[2039].form_schema, TODAY),
)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    into = tmp_path_factory.mktemp("handler") / "egov-handler-gabrovo"
    write_handler(GABROVO, into, paths.REPO_ROOT)
    return into


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_the_sample_form_is_one_the_services_form_accepts(service):
    schema = SERVICES[service].form_schema
    jsonschema.Draft202012Validator(schema, format_checker=None).validate(sample_form(schema, TODAY))


def test_the_package_has_its_code_tests_dockerfile_and_chart_values(package):
    made = sorted(str(path.relative_to(package)) for path in package.rglob("*") if path.is_file())
    assert made == [
        ".dockerignore",
        ".gitignore",
        "Dockerfile",
        "README.md",
        "pyproject.toml",
        "src/egov_handler_gabrovo/__init__.py",
        "src/egov_handler_gabrovo/__main__.py",
        "src/egov_handler_gabrovo/app.py",
        "tests/test_app.py",
        "tests/test_on_the_local_stack.py",
        "values.yaml",
    ]
    assert "$" not in (package / "src/egov_handler_gabrovo/app.py").read_text()
    assert f'path = "{paths.REPO_ROOT}/sdk"' in (package / "pyproject.toml").read_text()


def test_the_automated_service_takes_at_most_30_lines_and_the_chart_values_at_most_20(package):
    assert len((package / "src/egov_handler_gabrovo/app.py").read_text().splitlines()) <= 30
    assert len((package / "values.yaml").read_text().splitlines()) <= 20


def test_the_chart_values_are_the_example_make_chart_validates(package):
    example = paths.REPO_ROOT / "deploy/helm/examples/handler-gabrovo.yaml"
    assert (package / "values.yaml").read_text() == example.read_text()


def test_the_generated_code_is_lint_clean(package):
    ruff = Path(sys.executable).parent / "ruff"
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run(  # noqa: S603 - fixed argv; the package's own ruff settings
            [ruff, *command, "."], cwd=package, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_generated_unit_tests_pass(package):
    env = {**os.environ, "PYTHONPATH": str(package / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_app.py"],
        cwd=package,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_a_folder_that_holds_something_is_not_written_over(package):
    with pytest.raises(FileExistsError, match="not empty"):
        write_handler(GABROVO, package, paths.REPO_ROOT)
