// The editor: live preview and autosave (written next).
