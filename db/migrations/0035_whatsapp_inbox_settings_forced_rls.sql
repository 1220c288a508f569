-- Custom SQL migration file, put your code below! ---- The inbox settings are tenant data: FORCE makes row-level security apply to the owner too.
ALTER TABLE whatsapp_inbox_settings FORCE ROW LEVEL SECURITY;
