"""The Textual quiz. Import `studykit.tui.app.create_app`; this package stays light."""
