"""The Qt application of the counter client."""
