"""The receive screen: procedure, documents, applicant, fees and appointment, save and print."""

from ui.receive.view import ReceiveView

__all__ = ["ReceiveView"]
