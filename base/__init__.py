"""What every layer shares: the injected clock and the value types of messages. Imports nothing of the project."""
