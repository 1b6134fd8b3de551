/** The text `parkbot help` prints; also what each subcommand's `--help` prints. */
export const USAGE = `parkbot — cited answers about 衡阳高新区 (Hengyang National High-tech Zone)

Usage: parkbot <command> [options]

Commands:
  ask [--json] [--offline] [question…]   Answer a question; with none, answer each line of stdin in order
  chat                                   Chat in the terminal (/help inside; /quit or Ctrl-D to leave)
  eval [--set FILE] [--json] [--min N] [--online]
                                         Score the answerer on a question set
  ingest [--dir DIR]                     Clean the raw pages in DIR/raw into articles in DIR
  add <url|file>… [--json] [--url URL]   Fetch pages (or read local files) into the knowledge base
  fetch [--json]                         Check the sources in knowledge/sources.yaml once; add new articles
  start                                  Run the bot: on Telegram when TELEGRAM_BOT_TOKEN is set, else here
  digest [--dry-run] [--json] [--offline]
                                         Post new articles' digests to DIGEST_CHAT_IDS once (or preview them)
  help                                   Show this help

Options:
  --json      ask: print each Answer as one line of JSON; eval: print { summary, results }
  --offline   ask: use the offline answerer even when OPENAI_API_KEY is set
  --online    eval: use the online answerer (needs OPENAI_API_KEY)
  --set FILE  eval: question set, JSON Lines (default tests/eval/questions.jsonl)
  --min N     eval: exit 1 when the overall score is below N (0..1)
  --dir DIR   ingest: knowledge folder (default KNOWLEDGE_DIR, which defaults to knowledge)
  --dry-run   digest: print what would be posted instead of posting
  --url URL   add: the address of a single local file whose page does not state it

Settings come from the environment or a .env file; see .env.example.
Exit codes: 0 done (answered or refused), 1 error or failed check, 2 bad usage or configuration.

Examples:
  parkbot ask "衡阳高新区规划面积有多大?"
  printf '衡阳高新区规划面积有多大?\\n高新区哪一年成立?\\n' | parkbot ask --json
  parkbot eval --min 0.8
`;
