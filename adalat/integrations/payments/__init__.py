"""The payments port: collect a court fee from the person filing a claim and say whether it was
paid. ``port`` holds the ``Protocol``; ``standin`` is the demo's stand-in, which marks every fee
paid at once. A country's payment gateway (its treasury, a bank) is another adapter of the port."""
