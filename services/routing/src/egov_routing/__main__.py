from egov_routing.bootstrap import build
from egov_routing.settings import RoutingSettings


def main() -> None:
    runtime, app = build(RoutingSettings())
    runtime.main(app)


if __name__ == "__main__":
    main()
