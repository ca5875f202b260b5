"""moto_server plus a fault-injecting proxy in front of it, for the real aws CLI."""
