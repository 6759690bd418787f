"""The shared local registry servers for these tests."""

from tests.fixtures.registry_servers import registry_servers  # noqa: F401
from tests.fixtures.registry_servers import registry_servers_v1  # noqa: F401
