-- A group's own language for its public posts (a catalog's code such as 'zh'); NULL follows
-- the server's preferred locale.
ALTER TABLE groups ADD COLUMN language TEXT;
