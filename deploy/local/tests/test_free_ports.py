from egov_localstack.platform import SERVICES, on_free_ports
from egov_localstack.processes import free_ports


def test_ports_picked_together_are_all_different():
    for _ in range(50):
        ports = free_ports(12)
        assert len(set(ports)) == 12


def test_every_service_and_the_mail_servers_smtp_get_ports_of_their_own():
    for _ in range(20):
        services = on_free_ports("t_")
        ports = [spec.port for spec in services] + [port for spec in services for _, port in spec.extra_ports]
        assert len(ports) == len(SERVICES) + 1
        assert len(set(ports)) == len(ports)
