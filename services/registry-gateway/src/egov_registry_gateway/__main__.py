from egov_registry_gateway.bootstrap import build
from egov_registry_gateway.settings import RegistryGatewaySettings


def main() -> None:
    runtime, app = build(RegistryGatewaySettings())
    runtime.main(app)


if __name__ == "__main__":
    main()
