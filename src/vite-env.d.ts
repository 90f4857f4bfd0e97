interface ImportMetaEnv { readonly VITE_SUPABASE_URL?: string; readonly VITE_SUPABASE_ANON_KEY?: string; readonly VITE_BASEMAP_STYLE_URL?: string; readonly VITE_OFFLINE_BASEMAP?: string }
interface ImportMeta { readonly env: ImportMetaEnv }
