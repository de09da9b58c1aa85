package orphic.workbench.store;

/**
 * What an imported archive may contain, enforced while extracting (on the bytes actually
 * inflated, never on the sizes an archive claims): a guard against zip bombs.
 *
 * @param maxEntries files and folders in the archive
 * @param maxEntryBytes uncompressed bytes of one file
 * @param maxTotalBytes uncompressed bytes of all files together
 */
public record ArchiveLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes) {
    /** 100,000 entries, 8 GiB per file, 32 GiB in all: room for years of drafts and a few models. */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(100_000, 8L << 30, 32L << 30);

    public ArchiveLimits {
        if (maxEntries < 1 || maxEntryBytes < 1 || maxTotalBytes < 1) {
            throw new IllegalArgumentException("archive limits must be positive, got " + maxEntries + " entries, "
                    + maxEntryBytes + " bytes per entry, " + maxTotalBytes + " bytes in all");
        }
    }
}
