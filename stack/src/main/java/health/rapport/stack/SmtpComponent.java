package health.rapport.stack;

import java.util.List;
import java.util.Map;

/** The SMTP catcher that receives nudge e-mails locally. */
public final class SmtpComponent extends Component {

    public SmtpComponent(StackSettings settings) {
        super(settings, "smtp");
    }

    @Override
    public List<StackSettings.Port> ports() {
        return List.of(StackSettings.Port.SMTP, StackSettings.Port.SMTP_API);
    }

    @Override
    public void launch() {
        process.start(List.of(javaExecutable(), settings.marker(), "-Xmx96m", "-XX:+UseSerialGC",
                        "-cp", settings.stackClasspath(), SmtpCatcher.class.getName(),
                        Integer.toString(settings.port(StackSettings.Port.SMTP)),
                        Integer.toString(settings.port(StackSettings.Port.SMTP_API))),
                Map.of(), settings.home());
    }

    @Override
    public boolean healthy() {
        return Http.status(settings.url(StackSettings.Port.SMTP_API) + "/health") == 200;
    }

    @Override
    public String endpoint() {
        return "smtp://" + StackSettings.HOST + ":" + settings.port(StackSettings.Port.SMTP)
                + " (received mail: " + settings.url(StackSettings.Port.SMTP_API) + "/api/messages)";
    }
}
