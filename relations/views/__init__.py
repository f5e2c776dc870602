"""The pages: server-rendered, usable without JavaScript. One module per section."""
