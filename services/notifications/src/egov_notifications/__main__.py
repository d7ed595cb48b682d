from egov_notifications.bootstrap import build
from egov_notifications.settings import NotificationSettings


def main() -> None:
    runtime, app = build(NotificationSettings())
    runtime.main(app)


if __name__ == "__main__":
    main()
