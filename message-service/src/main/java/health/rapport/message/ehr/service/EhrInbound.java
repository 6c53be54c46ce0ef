package health.rapport.message.ehr.service;

import health.rapport.events.CloudEvent;
import health.rapport.events.ParticipantRole;
import health.rapport.events.TextFingerprint;
import health.rapport.message.ehr.repository.EhrBatchStore;
import health.rapport.message.thread.repository.Directory;
import health.rapport.message.thread.repository.MessageEntity;
import health.rapport.message.thread.repository.ThreadEntity;
import health.rapport.message.thread.service.Reclassification;
import health.rapport.message.thread.service.ThreadService;
import health.rapport.support.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Applies a batch of EHR Communications in one transaction: new messages join their threads (created on first
 * sight), every touched thread is reclassified in time order (so history may arrive in any order), retractions
 * hide messages, and the events of all of it go to the outbox. Repeats change nothing: a message is known by its
 * identifier ({@code system|value}), else by its logical id, and both are unique in the table.
 *
 * <p>The transaction runs on the reactive pool through an {@link EhrBatchStore}, a fixed dozen statements per
 * batch, rather than through Hibernate Reactive's session, whose per-entity statements made a batch wait on the
 * database about a thousand times.
 */
@ApplicationScoped
public class EhrInbound {

    private static final Logger LOG = Logger.getLogger(EhrInbound.class);
    private static final String COMMUNICATION = "Communication/";

    private final Pool pool;
    private final Directory directory;
    private final Outbox outbox;

    public EhrInbound(Pool pool, Directory directory, Outbox outbox) {
        this.pool = pool;
        this.directory = directory;
        this.outbox = outbox;
    }

    /** What became of one record of the batch; null reason means applied or a harmless repeat. */
    public record Outcome(int index, String rejection) {
    }

    /** The identity by which repeats are recognised. */
    static String externalKey(EhrCommunication c) {
        return c.identifierKey() != null ? c.identifierKey() : c.resourceKey();
    }

    static String logicalId(EhrCommunication c) {
        return c.resourceKey().substring(COMMUNICATION.length());
    }

    /** Applies the parsed records (index = position in the Kafka batch); returns rejections found on the way. */
    public Uni<List<Outcome>> apply(Map<Integer, EhrCommunication> batch) {
        return pool.withTransaction(connection -> applyInTransaction(connection, new EhrBatchStore(connection), batch))
                .invoke(ignored -> outbox.flushSoon());
    }

    private Uni<List<Outcome>> applyInTransaction(SqlConnection connection, EhrBatchStore store,
            Map<Integer, EhrCommunication> batch) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Set<String> keys = new HashSet<>();
        Set<String> ids = new HashSet<>();
        Set<String> repliedTo = new HashSet<>();
        batch.values().forEach(c -> {
            keys.add(externalKey(c));
            ids.add(logicalId(c));
            repliedTo.addAll(c.inResponseTo());
        });
        Set<String> lookupIds = new HashSet<>(ids);
        lookupIds.addAll(repliedTo);
        return store.messagesByIdentity(keys, lookupIds).flatMap(known -> {
            Map<String, MessageEntity> byKey = new HashMap<>();
            Map<String, MessageEntity> byFhirId = new HashMap<>();
            known.forEach(m -> index(m, byKey, byFhirId));
            List<Outcome> outcomes = new ArrayList<>();
            Map<Integer, EhrCommunication> fresh = new LinkedHashMap<>();
            List<EhrCommunication> retractions = new ArrayList<>();
            List<EhrCommunication> edits = new ArrayList<>();
            Set<String> seenInBatch = new HashSet<>();
            for (Map.Entry<Integer, EhrCommunication> entry : batch.entrySet()) {
                EhrCommunication c = entry.getValue();
                MessageEntity existing = find(c, byKey, byFhirId);
                if (c.status() == EhrCommunication.Status.ENTERED_IN_ERROR) {
                    retractions.add(c);
                } else if (existing != null || !seenInBatch.add(externalKey(c))) {
                    // A repeat, or a newer version of a message (stored, or earlier in this batch).
                    if (existing == null || !Objects.equals(existing.fhirVersion, c.versionId())) {
                        edits.add(c);
                    }
                } else {
                    fresh.put(entry.getKey(), c);
                }
            }
            return threadsFor(store, fresh, byFhirId, outcomes).flatMap(threadOf -> {
                Set<UUID> touched = new HashSet<>();
                threadOf.values().forEach(t -> touched.add(t.id));
                retractions.forEach(c -> {
                    MessageEntity target = find(c, byKey, byFhirId);
                    if (target != null) {
                        touched.add(target.threadId);
                    }
                });
                edits.forEach(c -> {
                    MessageEntity target = find(c, byKey, byFhirId);
                    if (target != null) {
                        touched.add(target.threadId);
                    }
                });
                // The threads of new messages are locked (or created) already; only a retraction's may not be.
                Map<UUID, ThreadEntity> threadById = new HashMap<>();
                threadOf.values().forEach(t -> threadById.put(t.id, t));
                Set<UUID> unlocked = new HashSet<>(touched);
                unlocked.removeAll(threadById.keySet());
                return store.threadsForUpdate(Set.of(), unlocked).flatMap(locked -> store.messagesOf(touched).flatMap(all -> {
                    locked.forEach(t -> threadById.put(t.id, t));
                    Map<UUID, List<MessageEntity>> timeline = all.stream()
                            .collect(Collectors.groupingBy(m -> m.threadId, Collectors.toCollection(ArrayList::new)));
                    all.forEach(m -> index(m, byKey, byFhirId));
                    Set<UUID> added = new HashSet<>();
                    List<MessageEntity> newMessages = new ArrayList<>();
                    List<Directory.Care> care = new ArrayList<>();
                    for (Map.Entry<Integer, EhrCommunication> entry : fresh.entrySet()) {
                        ThreadEntity thread = threadOf.get(entry.getKey());
                        if (thread == null) {
                            continue;
                        }
                        thread = threadById.getOrDefault(thread.id, thread);
                        MessageEntity message = toMessage(thread, entry.getValue(), byFhirId);
                        index(message, byKey, byFhirId);
                        newMessages.add(message);
                        store.add(message, ThreadService.attachmentsOf(message, entry.getValue().attachments()));
                        timeline.computeIfAbsent(thread.id, k -> new ArrayList<>()).add(message);
                        added.add(message.id);
                        care.add(new Directory.Care(thread.patientId, thread.clinicianId));
                    }
                    Set<UUID> retracted = new HashSet<>();
                    List<String> pending = new ArrayList<>();
                    for (EhrCommunication c : retractions) {
                        MessageEntity target = find(c, byKey, byFhirId);
                        if (target == null) {
                            // Retracted before it arrived: remember it under both identities it may come with.
                            pending.add(externalKey(c));
                            pending.add(c.resourceKey());
                        } else if (!target.retracted()) {
                            target.retractedAt = now;
                            target.fhirVersion = c.versionId();
                            if (!added.contains(target.id)) {
                                retracted.add(target.id);
                            }
                        }
                    }
                    Set<UUID> edited = new HashSet<>();
                    for (EhrCommunication c : edits) {
                        MessageEntity target = find(c, byKey, byFhirId);
                        if (target == null || Objects.equals(target.fhirVersion, c.versionId())) {
                            continue;
                        }
                        if (target.retracted() || target.senderRole != c.senderRole()) {
                            LOG.infof("EHR %s: a new version of a %s message is not applied", c.resourceKey(),
                                    target.retracted() ? "retracted" : "differently sent");
                            continue;
                        }
                        // A newer version: its text and time replace the old; the thread is classified again.
                        target.body = c.body();
                        target.textFingerprint = TextFingerprint.of(c.body());
                        target.sentAt = c.sent().truncatedTo(ChronoUnit.MICROS);
                        target.fhirVersion = c.versionId();
                        edited.add(target.id);
                    }
                    return earlierRetractions(store, newMessages, now).flatMap(checked -> {
                    List<CloudEvent<?>> events = new ArrayList<>();
                    for (Map.Entry<UUID, List<MessageEntity>> thread : timeline.entrySet()) {
                        ThreadEntity entity = threadById.get(thread.getKey());
                        if (entity != null) {
                            events.addAll(Reclassification.apply(entity, thread.getValue(), added, retracted, edited, now));
                        }
                    }
                    return store.rememberPendingRetractions(pending, now)
                            .flatMap(ignored -> store.flush())
                            .flatMap(ignored -> directory.remember(connection, care))
                            .flatMap(ignored -> outbox.enqueueAll(connection, events))
                            .replaceWith(outcomes);
                    });
                }));
            });
        });
    }

    /** Finds or creates the thread of each new record; records that contradict their thread are rejected. */
    private Uni<Map<Integer, ThreadEntity>> threadsFor(EhrBatchStore store, Map<Integer, EhrCommunication> fresh,
            Map<String, MessageEntity> byFhirId, List<Outcome> outcomes) {
        Map<Integer, String> threadKeys = new HashMap<>();
        Map<Integer, UUID> knownThread = new HashMap<>();
        fresh.forEach((index, c) -> {
            if (c.threadKey() != null) {
                threadKeys.put(index, c.threadKey());
                return;
            }
            MessageEntity answered = c.inResponseTo().stream().map(byFhirId::get).filter(Objects::nonNull)
                    .findFirst().orElse(null);
            if (answered != null) {
                knownThread.put(index, answered.threadId);
            } else {
                threadKeys.put(index, c.resourceKey());
            }
        });
        Set<String> keys = new HashSet<>(threadKeys.values());
        return store.threadsForUpdate(keys, Set.copyOf(knownThread.values())).map(found -> {
                    Map<String, ThreadEntity> byKey = new HashMap<>();
                    Map<UUID, ThreadEntity> byId = new HashMap<>();
                    found.forEach(t -> {
                        byId.put(t.id, t);
                        if (t.externalKey != null) {
                            byKey.put(t.externalKey, t);
                        }
                    });
                    Map<Integer, ThreadEntity> result = new HashMap<>();
                    // Earliest first, so a new thread takes its created time and subject from its first message.
                    List<Integer> order = fresh.keySet().stream()
                            .sorted(Comparator.comparing((Integer i) -> fresh.get(i).sent())).toList();
                    for (Integer index : order) {
                        EhrCommunication c = fresh.get(index);
                        ThreadEntity thread = knownThread.containsKey(index) ? byId.get(knownThread.get(index))
                                : byKey.get(threadKeys.get(index));
                        if (thread == null) {
                            thread = newThread(threadKeys.get(index), c);
                            byKey.put(thread.externalKey, thread);
                            store.add(thread);
                        }
                        if (!thread.patientId.equals(c.patientId()) || !thread.clinicianId.equals(c.clinicianId())) {
                            outcomes.add(new Outcome(index, "partOf: the thread is between other people"));
                            continue;
                        }
                        if (c.sent().isBefore(thread.createdAt)) {
                            thread.createdAt = c.sent();
                        }
                        result.put(index, thread);
                    }
                    return result;
                });
    }

    /**
     * New messages whose retraction came first are stored retracted before they are classified: they never
     * count and no event announces them.
     */
    private static Uni<Void> earlierRetractions(EhrBatchStore store, List<MessageEntity> newMessages, Instant now) {
        if (newMessages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> keys = new ArrayList<>();
        newMessages.forEach(m -> {
            keys.add(m.externalKey);
            keys.add(COMMUNICATION + m.fhirId);
        });
        return store.takePendingRetractions(keys)
                .invoke(hit -> {
                    newMessages.stream()
                            .filter(m -> hit.contains(m.externalKey) || hit.contains(COMMUNICATION + m.fhirId))
                            .forEach(m -> m.retractedAt = now);
                })
                .replaceWithVoid();
    }

    private static ThreadEntity newThread(String key, EhrCommunication c) {
        ThreadEntity thread = new ThreadEntity();
        thread.id = UUID.nameUUIDFromBytes(("ehr-thread:" + key).getBytes(StandardCharsets.UTF_8));
        thread.externalKey = key;
        thread.patientId = c.patientId();
        thread.clinicianId = c.clinicianId();
        thread.subject = c.threadSubject() != null ? c.threadSubject() : "Message from the EHR";
        thread.category = c.category();
        thread.priority = c.priority();
        thread.status = ThreadEntity.Status.OPEN;
        thread.origin = ThreadEntity.Origin.EHR;
        thread.createdAt = c.sent();
        thread.lastMessageAt = c.sent();
        return thread;
    }

    private static MessageEntity toMessage(ThreadEntity thread, EhrCommunication c, Map<String, MessageEntity> byFhirId) {
        MessageEntity message = new MessageEntity();
        message.externalKey = externalKey(c);
        message.id = UUID.nameUUIDFromBytes(("ehr-message:" + message.externalKey).getBytes(StandardCharsets.UTF_8));
        message.threadId = thread.id;
        message.senderRole = c.senderRole();
        message.senderId = c.senderRole() == ParticipantRole.PATIENT ? c.patientId() : c.clinicianId();
        message.body = c.body();
        message.sentAt = c.sent().truncatedTo(ChronoUnit.MICROS);
        message.textFingerprint = TextFingerprint.of(c.body());
        message.fhirId = logicalId(c);
        message.fhirVersion = c.versionId();
        message.attachmentCount = c.attachments().size();
        message.inResponseTo = c.inResponseTo().stream().map(byFhirId::get).filter(Objects::nonNull)
                .map(m -> m.id).findFirst().orElse(null);
        return message;
    }

    private static void index(MessageEntity m, Map<String, MessageEntity> byKey, Map<String, MessageEntity> byFhirId) {
        if (m.externalKey != null) {
            byKey.put(m.externalKey, m);
        }
        if (m.fhirId != null) {
            byFhirId.put(m.fhirId, m);
        }
    }

    private static MessageEntity find(EhrCommunication c, Map<String, MessageEntity> byKey,
            Map<String, MessageEntity> byFhirId) {
        MessageEntity m = byKey.get(externalKey(c));
        return m != null ? m : byFhirId.get(logicalId(c));
    }
}
