"""What every layer shares: the injected clock, the value types of messages, the wording loader.

Imports nothing of the project, so storage, nlp and the domain can all use it."""
