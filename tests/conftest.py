pytest_plugins = ["tests.broker_fixture"]
