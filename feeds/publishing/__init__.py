"""Publishing: each feed's documents once per store revision (`publish`), archive pages
(`archive`, rendered on every core by `archive_pool`), the answers worked out in advance
(`resource`), files written atomically by a helper process (`output`, `files`), and the
WebSub ping (`websub`); and what a feed URL's query string selects (`query`)."""
