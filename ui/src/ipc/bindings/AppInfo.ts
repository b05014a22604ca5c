export type AppInfo = { version: string, db_path: string, data_dir: string, log_dir: string, };
