package dev.ibridge.store;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One walk over a store's files, sorted into what the layout defines and what it does not. The
 * walk follows no symbolic link and never throws: unreadable directories become unexpected entries.
 */
final class Scan {
  record RecordFile(Facet facet, Digest key, Path path, long size, long modifiedMillis) {}

  record BlobFile(Digest digest, Path path, long size) {}

  record HeadFile(Facet facet, String subjectHex, Path path, long size) {}

  record JournalFile(String sessionId, Path path, long size) {}

  record Unexpected(Path path, String why) {}

  final List<RecordFile> records = new ArrayList<>();
  final List<BlobFile> blobs = new ArrayList<>();
  final List<HeadFile> heads = new ArrayList<>();
  final List<JournalFile> journals = new ArrayList<>();
  final List<Path> staging = new ArrayList<>();
  final List<Unexpected> unexpected = new ArrayList<>();

  private Scan() {}

  static Scan of(StorePaths layout) {
    Scan scan = new Scan();
    scan.walkTop(layout);
    scan.records.sort(Comparator.comparing(RecordFile::facet).thenComparing(RecordFile::key));
    scan.journals.sort(Comparator.comparing(JournalFile::sessionId));
    return scan;
  }

  private void walkTop(StorePaths layout) {
    for (Path entry : list(layout.root())) {
      String name = entry.getFileName().toString();
      BasicFileAttributes a = attrs(entry);
      if (a == null) {
        continue;
      }
      boolean file = name.equals(StorePaths.HEADER) || name.equals(StorePaths.LOCK);
      if (!LocalStore.TOP_LEVEL.contains(name)) {
        unexpected.add(new Unexpected(entry, "the layout defines no such entry"));
      } else if (file ? !a.isRegularFile() : !a.isDirectory()) {
        unexpected.add(new Unexpected(entry, file ? "should be a regular file" : "should be a directory"));
      }
    }
    walkBlobs(layout);
    walkFacetTree(layout.records(), true);
    walkFacetTree(layout.heads(), false);
    for (Path entry : list(layout.journal())) {
      String name = entry.getFileName().toString();
      BasicFileAttributes a = attrs(entry);
      if (a != null && a.isRegularFile() && name.endsWith(StorePaths.JOURNAL_SUFFIX)
          && StorePaths.isSessionId(name.substring(0, name.length() - StorePaths.JOURNAL_SUFFIX.length()))) {
        journals.add(new JournalFile(name.substring(0, name.length() - StorePaths.JOURNAL_SUFFIX.length()), entry, a.size()));
      } else if (a != null) {
        unexpected.add(new Unexpected(entry, "not a journal file named <session id>.avro"));
      }
    }
    for (Path entry : list(layout.tmp())) {
      staging.add(entry);
    }
  }

  private void walkBlobs(StorePaths layout) {
    Path blobsDir = layout.blobs().getParent();
    for (Path entry : list(blobsDir)) {
      if (!entry.equals(layout.blobs())) {
        unexpected.add(new Unexpected(entry, "the layout defines only blobs/sha256"));
      }
    }
    for (Path fan : fanOutDirs(layout.blobs())) {
      for (Path entry : list(fan)) {
        BasicFileAttributes a = attrs(entry);
        String name = entry.getFileName().toString();
        if (a == null) {
          continue;
        }
        if (!a.isRegularFile() || !StorePaths.isHex64(name) || !name.startsWith(fan.getFileName().toString())) {
          unexpected.add(new Unexpected(entry, "not a blob file named by its digest"));
        } else {
          blobs.add(new BlobFile(Digest.sha256(Bytes.fromHex(name)), entry, a.size()));
        }
      }
    }
  }

  private void walkFacetTree(Path base, boolean isRecords) {
    for (Path facetDir : list(base)) {
      String facetName = facetDir.getFileName().toString();
      Facet facet;
      try {
        facet = new Facet(facetName);
      } catch (IllegalArgumentException e) {
        unexpected.add(new Unexpected(facetDir, "not a valid facet name"));
        continue;
      }
      BasicFileAttributes fa = attrs(facetDir);
      if (fa == null || !fa.isDirectory()) {
        unexpected.add(new Unexpected(facetDir, "should be a directory"));
        continue;
      }
      for (Path fan : fanOutDirs(facetDir)) {
        for (Path entry : list(fan)) {
          BasicFileAttributes a = attrs(entry);
          String name = entry.getFileName().toString();
          if (a == null) {
            continue;
          }
          if (!a.isRegularFile() || !StorePaths.isHex64(name) || !name.startsWith(fan.getFileName().toString())) {
            unexpected.add(new Unexpected(entry, "not a file named by 64 lower-case hex digits under its fan-out"));
          } else if (isRecords) {
            records.add(new RecordFile(
                facet, Digest.sha256(Bytes.fromHex(name)), entry, a.size(), a.lastModifiedTime().toMillis()));
          } else {
            heads.add(new HeadFile(facet, name, entry, a.size()));
          }
        }
      }
    }
  }

  private List<Path> fanOutDirs(Path dir) {
    List<Path> out = new ArrayList<>();
    for (Path entry : list(dir)) {
      BasicFileAttributes a = attrs(entry);
      if (a == null) {
        continue;
      }
      if (a.isDirectory() && StorePaths.isFanOut(entry.getFileName().toString())) {
        out.add(entry);
      } else {
        unexpected.add(new Unexpected(entry, "not a fan-out directory named by two lower-case hex digits"));
      }
    }
    return out;
  }

  private BasicFileAttributes attrs(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null;
    }
  }

  private List<Path> list(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path e : entries) {
        out.add(e);
      }
    } catch (IOException e) {
      unexpected.add(new Unexpected(dir, "could not be listed: " + e.getMessage()));
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }
}
