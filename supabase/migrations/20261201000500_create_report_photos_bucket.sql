-- Photos of reports live in Supabase Storage, bucket 'report-photos', at '<auth.uid()>/<report id>.<jpg|webp>'.
-- Works on Supabase (storage schema owned by Supabase) and on the minimal storage schema of
-- supabase/local/bootstrap.sql. It only inserts a bucket row and creates policies; it never alters the
-- storage tables themselves (RLS on storage.objects is already enabled by Supabase / the bootstrap).

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('report-photos', 'report-photos', true, 5242880, array['image/jpeg', 'image/webp'])
on conflict (id) do update
  set public = excluded.public,
      file_size_limit = excluded.file_size_limit,
      allowed_mime_types = excluded.allowed_mime_types;

create policy "Signed-in users can upload report photos into their own folder"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'report-photos'
    and (storage.foldername(name))[1] = (select auth.uid())::text
  );

create policy "Everyone can read report photos"
  on storage.objects for select to anon, authenticated
  using (bucket_id = 'report-photos');
