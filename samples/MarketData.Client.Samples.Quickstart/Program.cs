System.Console.WriteLine("Sample pending: see issue 4.");
