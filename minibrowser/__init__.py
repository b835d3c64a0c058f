"""minibrowser: a small but real web browser engine.

URL → fetch → parse → style → boxes → layout → paint → PNG or text.
See DESIGN.md's pipeline and `minibrowser.pipeline.load` for the whole load.
"""

__version__ = "0.1.0"
