-- Custom SQL migration file, put your code below! ---- Reset links are tenant data like the users they belong to: FORCE makes row-level security apply to the owner too.
ALTER TABLE password_resets FORCE ROW LEVEL SECURITY;
