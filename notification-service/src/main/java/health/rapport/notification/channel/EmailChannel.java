package health.rapport.notification.channel;

import health.rapport.events.NudgeChannel;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * E-mail over SMTP (Quarkus Mailer), plain text and HTML from the Qute templates {@code templates/nudge-email.txt}
 * and {@code .html}. The templates see only a {@link NudgeMessage}: counts, ages, shares and the portal link.
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    private final ReactiveMailer mailer;
    private final Template text;
    private final Template html;

    public EmailChannel(ReactiveMailer mailer, @Location("nudge-email.txt") Template text,
            @Location("nudge-email.html") Template html) {
        this.mailer = mailer;
        this.text = text;
        this.html = html;
    }

    @Override
    public NudgeChannel kind() {
        return NudgeChannel.EMAIL;
    }

    @Override
    public Uni<Void> send(NudgeMessage message, String recipient) {
        Mail mail = Mail.withText(recipient, message.subject(), text.data("n", message).render())
                .setHtml(html.data("n", message).render())
                .addHeader("X-Rapport-Nudge", message.nudgeId());
        return mailer.send(mail);
    }
}
