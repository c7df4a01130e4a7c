{
  "targets": [
    {
      "target_name": "envelope_gcm",
      "sources": ["native/addon.cc", "native/args.cc", "native/batch.cc", "native/gcm_key.cc", "native/hash_job.cc", "native/hash_thread.cc", "native/output_pool.cc", "native/stream.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-fvisibility=hidden"],
      "ldflags": ["-Wl,-z,now"]
    }
  ]
}
