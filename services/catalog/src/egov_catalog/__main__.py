from egov_catalog.bootstrap import build
from egov_catalog.settings import CatalogSettings


def main() -> None:
    runtime, app = build(CatalogSettings())
    runtime.main(app)


if __name__ == "__main__":
    main()
