"""Chapter-specific figures, experiments and widgets, one module per chapter (``ch01`` …).

A notebook cell stays short and identical in both languages by calling, e.g.,
``from bnbook.chapters import ch01; ch01.plot_shift(...)``; figure strings come from each module's
ko/en table registered with :func:`bnbook.i18n.register`.
"""
