package dev.ibridge.store;

import java.io.IOException;
import java.nio.file.Path;

/** The store contract against a local directory. */
class LocalStoreTest extends StoreContract {
  @Override
  Store open(Path dir) throws IOException {
    return Store.open(dir);
  }
}
