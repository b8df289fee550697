from hvdesk.cli import main

raise SystemExit(main())
