"""The Notices section's own styles (the side panel, the primary and link buttons, the date).

``@ICONS@`` is replaced with the icons folder (QSS urls need a path).
"""

LOCAL_STYLE = """
QWidget#sidePanel { background: #ffffff; border: 1px solid #e3e8ef; border-radius: 8px; }
QPushButton#primaryButton { background: #2f6fde; border: 1px solid #2f6fde; color: #ffffff; }
QPushButton#primaryButton:hover { background: #2a63c7; }
QPushButton#primaryButton:disabled { background: #9bbcf5; border-color: #9bbcf5; }
QPushButton#linkButton { border: none; background: transparent; color: #1a56c4; padding: 2px 4px;
                         min-width: 0; text-decoration: underline; }
QDateEdit { background: #ffffff; border: 1px solid #cfd6e0; border-radius: 6px; padding: 5px 8px;
            min-width: 130px; }
QDateEdit:focus { border: 1px solid #2f6fde; }
QDateEdit::drop-down { border: none; width: 24px; }
QDateEdit::down-arrow { image: url(@ICONS@/chevron-down.svg); width: 14px; height: 14px; }
"""
