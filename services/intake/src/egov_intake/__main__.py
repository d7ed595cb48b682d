from egov_intake.bootstrap import build
from egov_intake.settings import IntakeSettings


def main() -> None:
    runtime, app = build(IntakeSettings())
    runtime.main(app)


if __name__ == "__main__":
    main()
